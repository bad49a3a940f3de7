/**
 * Which web pages Lantern may cite, and as what. Pure data and functions: the knowledge validator applies them to
 * every card source and every hotline URL.
 *
 * A *primary* source is the body that owns the fact: the regulator, the guideline body, the journal article (its DOI
 * or PubMed page), the public-health agency, or a service's own site for that service. Anything else may appear only
 * as a `secondary: true` copy next to a primary source. Some hosts are never acceptable: click-tracking redirects,
 * link shorteners, content farms, social-media reposts, and commercial clinics (which sell the treatment they
 * describe).
 *
 * @see issue 13 ("A source policy the validator enforces")
 */

export type DenyReason = 'click-tracking redirect' | 'link shortener' | 'content farm' | 'social repost' | 'commercial clinic' | 'news or blog page';

/**
 * Hosts Lantern never cites. A host matches itself and its subdomains. Each entry was found in, or is of the same
 * kind as, a URL the source review rejected.
 */
export const DENIED_HOSTS: Readonly<Record<string, DenyReason>> = {
  // click-tracking redirects (e-mail campaign links hide the real page and track whoever follows them)
  'e2ma.net': 'click-tracking redirect',
  'list-manage.com': 'click-tracking redirect',
  'urldefense.com': 'click-tracking redirect',
  'safelinks.protection.outlook.com': 'click-tracking redirect',
  'mailchi.mp': 'click-tracking redirect',
  'sendgrid.net': 'click-tracking redirect',
  // link shorteners
  'bit.ly': 'link shortener',
  'tinyurl.com': 'link shortener',
  't.co': 'link shortener',
  'goo.gl': 'link shortener',
  'ow.ly': 'link shortener',
  'buff.ly': 'link shortener',
  'is.gd': 'link shortener',
  'rebrand.ly': 'link shortener',
  // content farms and document-scraping mirrors
  'docslib.org': 'content farm',
  'studylib.net': 'content farm',
  'scribd.com': 'content farm',
  'slideshare.net': 'content farm',
  'healthdocbox.com': 'content farm',
  'docmimic.com': 'content farm',
  'zendy.io': 'content farm',
  'crackittoday.com': 'content farm',
  'daily8.com': 'content farm',
  'citiesinsider.com': 'content farm',
  // social-media posts and business-directory reposts of them
  'marketers1.com': 'social repost',
  'facebook.com': 'social repost',
  'instagram.com': 'social repost',
  'x.com': 'social repost',
  'twitter.com': 'social repost',
  'tiktok.com': 'social repost',
  'reddit.com': 'social repost',
  // commercial clinics (they sell the treatment; never a source for whether it works)
  'dreamscapeketamine.com': 'commercial clinic',
  // blogs and personal pages
  'blogspot.com': 'news or blog page',
  'wordpress.com': 'news or blog page',
  'medium.com': 'news or blog page',
};

/**
 * Hosts that may be a primary source. A host matches itself and its subdomains. Government hosts (`.gov`, `.gov.xx`,
 * `.gob.xx`, `.gouv.xx`, `govt.nz`, `.lg.jp`, `.go.kr`) are primary without being listed.
 */
export const PRIMARY_HOSTS: readonly string[] = [
  // international and regional public-health bodies and regulators
  'who.int',
  'paho.org',
  'europa.eu',
  // national health services, guideline bodies and public-health agencies
  'nice.org.uk',
  'nhs.uk',
  'hse.ie',
  'canada.ca',
  'samhsa.gov',
  // journals and article databases: the article itself
  'doi.org',
  'ncbi.nlm.nih.gov',
  'pubmed.ncbi.nlm.nih.gov',
  'pmc.ncbi.nlm.nih.gov',
  'nejm.org',
  'thelancet.com',
  'jamanetwork.com',
  'bmj.com',
  'nature.com',
  'springer.com',
  'biomedcentral.com',
  'wiley.com',
  'sciencedirect.com',
  'cambridge.org',
  'psychiatryonline.org',
  'psychiatrist.com',
  'plos.org',
  'frontiersin.org',
  'jmir.org',
  'hkmj.org',
  'innovationscns.com',
  'apa.org',
  // health-technology assessment
  'icer.org',
  'icer-review.org',
  // the maker's regulated documents (prescribing information, REMS pages) for its own product
  'janssenlabels.com',
  'spravatorems.com',
  'spravatohcp.com',
  'jnj.com',
  // institutional repositories holding the published article
  'repository.uantwerpen.be',
  'openarchive.ki.se',
  // research institutions' own research and scales
  'anu.edu.au',
  'ox.ac.uk',
  'birmingham.ac.uk',
  // suicide-prevention and crisis services, for their own services and guidance
  '988lifeline.org',
  'vibrant.org',
  'afsp.org',
  'reportingonsuicide.org',
  'suicidepreventionmessaging.org',
  'sprc.org',
  'befrienders.org',
  'findahelpline.com',
  'throughlinecare.com',
  'samaritans.org',
  'orygen.org.au',
  'lifeinmind.org.au',
  'nami.org',
  'mindline.sg',
  'sos.org.sg',
];

/** Second-level labels under which a registrable domain has three labels (`nhs.uk` is two, `qld.gov.au` three). */
const SECOND_LEVEL_LABELS = new Set(['co', 'com', 'org', 'net', 'gov', 'gob', 'gouv', 'govt', 'ac', 'edu', 'or', 'go', 'ne', 'lg', 'nic', 'mil']);
const GOVERNMENT_LABELS = new Set(['gov', 'gob', 'gouv', 'govt', 'mil']);

/** EU members, for whom the European Commission's pages are a national authority on 112. */
export const EU_COUNTRIES: ReadonlySet<string> = new Set(
  'AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE'.split(' '),
);

export function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.hostname.toLowerCase().replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

/** True when `host` is `domain` or one of its subdomains. */
export function isOnDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** `csrp.hku.hk` → `hku.hk`; `www.qld.gov.au` → `qld.gov.au`; `sub.samaritans.org` → `samaritans.org`. */
export function registrableDomain(host: string): string {
  const labels = host.split('.');
  if (labels.length <= 2) return host;
  const tld = labels.at(-1) ?? '';
  const second = labels.at(-2) ?? '';
  const take = tld.length === 2 && SECOND_LEVEL_LABELS.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

export function deniedReason(url: string): DenyReason | undefined {
  const host = hostOf(url);
  if (host === undefined) return undefined;
  for (const [domain, reason] of Object.entries(DENIED_HOSTS)) if (isOnDomain(host, domain)) return reason;
  return undefined;
}

/** A government host: `.gov`, `.mil`, or a government label (`gov`, `gob`, `gouv`, `govt`) or `lg.jp`/`go.kr`-style. */
export function isGovernmentHost(host: string): boolean {
  const labels = host.split('.');
  const tld = labels.at(-1) ?? '';
  if (tld === 'gov' || tld === 'mil') return true;
  const second = labels.at(-2) ?? '';
  if (tld.length === 2 && (GOVERNMENT_LABELS.has(second) || second === 'lg' || second === 'go')) return true;
  return labels.slice(0, -1).some((label) => GOVERNMENT_LABELS.has(label));
}

/** Whether `url` may stand as a primary source. */
export function isPrimaryUrl(url: string): boolean {
  const host = hostOf(url);
  if (host === undefined || deniedReason(url) !== undefined) return false;
  return isGovernmentHost(host) || PRIMARY_HOSTS.some((domain) => isOnDomain(host, domain));
}

/** A health authority or government page (for hotline sources that are not the service's own site). */
export function isAuthorityUrl(url: string): boolean {
  const host = hostOf(url);
  if (host === undefined || deniedReason(url) !== undefined) return false;
  return isGovernmentHost(host) || ['who.int', 'europa.eu', 'nhs.uk', 'hse.ie', 'canada.ca'].some((d) => isOnDomain(host, d));
}

/**
 * The countries a government host speaks for: `.gov`/`.mil` → US; a country-code domain → that country (`uk` → GB);
 * `europa.eu` → the EU members; `canada.ca` → CA; `who.int` → none (it is not a national authority on emergency
 * numbers). `undefined` when the host is not an authority at all.
 */
export function authorityCountries(url: string): ReadonlySet<string> | undefined {
  const host = hostOf(url);
  if (host === undefined || !isAuthorityUrl(url)) return undefined;
  if (isOnDomain(host, 'europa.eu')) return EU_COUNTRIES;
  if (isOnDomain(host, 'canada.ca')) return new Set(['CA']);
  const tld = host.split('.').at(-1) ?? '';
  if (tld === 'gov' || tld === 'mil') return new Set(['US']);
  if (tld.length === 2) return new Set([tld === 'uk' ? 'GB' : tld.toUpperCase()]);
  return new Set();
}

/** True when both URLs are on the same registrable domain (the service's own site). */
export function isSameSite(a: string, b: string): boolean {
  const hostA = hostOf(a);
  const hostB = hostOf(b);
  return hostA !== undefined && hostB !== undefined && registrableDomain(hostA) === registrableDomain(hostB);
}
