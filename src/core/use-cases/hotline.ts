/**
 * The `hotline` use case: which crisis lines a member sees. Order: the country asked for → the member's saved region →
 * the server's default → the international directories. Never inferred from the language. Fails open: settings that
 * cannot be read leave the lines to the next preference, and saving a region is a separate step that runs only after
 * the lines have gone out (`saveRegion`).
 */
import type { HotlineFinder } from '../hotlines/find-hotlines.js';
import type { Settings } from '../settings/settings.js';
import type { CountryHotlines, Log } from '../types.js';

/** The longest country query read (the /hotline option's limit). */
export const MAX_COUNTRY_QUERY_LENGTH = 60;

export interface HotlinePorts {
  hotlines: Pick<HotlineFinder, 'forCountry' | 'searchCountries' | 'resolve'>;
  settings: Pick<Settings, 'getUser' | 'getServer'>;
}

export interface HotlineRequest {
  /** A country name or code the member typed, if any. */
  query?: string | undefined;
  userId: string;
  guildId?: string | undefined;
}

export type HotlineResult =
  /** `chosen` is the country the query named, when it named one. */
  | { kind: 'lines'; resources: CountryHotlines | 'international'; chosen?: CountryHotlines }
  /** The query named no country Lantern knows: the lines of the next preference, and the query to say so. */
  | { kind: 'unknown_country'; query: string; resources: CountryHotlines | 'international' };

export async function hotline(ports: HotlinePorts, request: HotlineRequest): Promise<HotlineResult> {
  const { hotlines, settings } = ports;
  const query = request.query?.trim() || undefined;
  const chosen = query ? (hotlines.forCountry(query) ?? hotlines.searchCountries(query, 1)[0]) : undefined;
  const [user, server] = await Promise.all([
    settings.getUser(request.userId).catch(() => undefined),
    request.guildId === undefined ? undefined : settings.getServer(request.guildId).catch(() => undefined),
  ]);
  const resources = hotlines.resolve({
    chosen: chosen?.code,
    userRegion: user?.region ?? undefined,
    serverRegion: server?.region ?? undefined,
  });
  if (query !== undefined && chosen === undefined)
    return { kind: 'unknown_country', query: query.slice(0, MAX_COUNTRY_QUERY_LENGTH), resources };
  return chosen === undefined ? { kind: 'lines', resources } : { kind: 'lines', resources, chosen };
}

export interface SaveRegionPorts {
  settings: Pick<Settings, 'updateUser'>;
  log: Log;
}

export type SaveRegionResult =
  { kind: 'saved'; country: CountryHotlines } | { kind: 'not_saved'; country: CountryHotlines };

/** Remembers `country` as the member's region for /hotline and crisis replies. Never throws: storage may be down. */
export async function saveRegion(
  ports: SaveRegionPorts,
  request: { userId: string; country: CountryHotlines },
): Promise<SaveRegionResult> {
  const { country } = request;
  return ports.settings.updateUser(request.userId, { region: country.code }).then(
    () => ({ kind: 'saved', country }) as const,
    (error: unknown) => {
      ports.log.child({ module: 'hotline' }).warn({ err: error }, 'region not saved; lines already sent');
      return { kind: 'not_saved', country } as const;
    },
  );
}
