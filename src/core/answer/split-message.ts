/**
 * Splits Markdown into chunks that fit a message limit without breaking what a reader sees: it prefers paragraph
 * breaks, then line breaks, then sentence ends, then spaces; it never splits inside a word (unless a single word is
 * longer than the limit) or inside a `[text](url)` link; and a chunk that ends inside a ``` fence is closed and the
 * fence reopened, with the same language, at the start of the next chunk.
 * Why: other bots cut answers at 2,000 characters or split inside words, bold and code fences.
 */

const FENCE_CLOSE = '\n```';

interface Fence {
  /** Index of the first character of the opening ``` line. */
  openStart: number;
  /** Index just after the opening line's newline. */
  contentStart: number;
  /** Index of the first character of the closing ``` line (text length when the fence never closes). */
  closeStart: number;
  lang: string;
}

interface Separator {
  /** Where the chunk before the separator ends. */
  end: number;
  /** Where the next chunk starts. */
  next: number;
}

/** Separator patterns, strongest first: the splitter uses the strongest kind found in the window. */
const SEPARATOR_PATTERNS: readonly RegExp[] = [
  /\n[ \t]*\n\s*/g, // paragraph
  /\n/g, // line
  /(?<=[.!?…]["')\]*_]*)[ \t]+/g, // sentence
  /[ \t]+/g, // word
];

const LINK_PATTERN = /\[[^\]\n]*\]\([^)\s]*\)/g;

/**
 * Splits `markdown` into chunks of at most `maxLength` characters (after fence closing/reopening).
 * Returns `[]` for blank input.
 */
export function splitMessage(markdown: string, maxLength: number): string[] {
  const text = markdown.replace(/\r\n?/g, '\n').trim();
  if (text === '') return [];
  if (text.length <= maxLength) return [text];

  const fences = findFences(text);
  const links = [...text.matchAll(LINK_PATTERN)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  const reserve = fences.length > 0 ? FENCE_CLOSE.length : 0;
  const separators = SEPARATOR_PATTERNS.map((pattern) =>
    [...text.matchAll(pattern)]
      .map((match): Separator => ({ end: match.index, next: match.index + match[0].length }))
      .filter(
        (separator) =>
          !links.some((link) => separator.end > link.start && separator.end < link.end) &&
          !fences.some(
            (fence) =>
              // Never leave a fence's opening line alone at the end of a chunk, nor start a chunk with its closing line.
              (separator.next > fence.openStart && separator.end < fence.contentStart) ||
              (separator.end >= fence.contentStart &&
                separator.end < fence.closeStart &&
                separator.next >= fence.closeStart),
          ),
      ),
  );

  const chunks: string[] = [];
  let start = 0;
  while (start < text.length) {
    const openFence = fenceContaining(fences, start);
    const prefix = openFence ? `\`\`\`${openFence.lang}\n` : '';
    const rest = text.length - start;
    if (prefix.length + rest <= maxLength) {
      chunks.push(prefix + text.slice(start));
      break;
    }
    const available = maxLength - prefix.length - reserve;
    if (available < 1) throw new RangeError(`maxLength ${maxLength} is too small to split this message`);
    const limit = start + available;
    let cut: Separator | undefined;
    for (const kind of separators) {
      cut = findLast(kind, (separator) => separator.end > start && separator.end <= limit);
      if (cut) break;
    }
    cut ??= hardCut(text, start, limit);
    const fenceAtEnd = fences.find((fence) => fence.contentStart <= cut.end && cut.end < fence.closeStart);
    const body = text.slice(start, cut.end).trimEnd();
    chunks.push(prefix + body + (fenceAtEnd ? FENCE_CLOSE : ''));
    start = cut.next;
    // Indentation matters inside code; elsewhere leading spaces are noise.
    if (!fenceContaining(fences, start)) while (start < text.length && /\s/.test(text[start] ?? '')) start++;
  }
  return chunks;
}

function findFences(text: string): Fence[] {
  const fences: Fence[] = [];
  let open: { openStart: number; contentStart: number; lang: string } | undefined;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const marker = /^\s*```(.*)$/.exec(line);
    if (marker) {
      if (open) {
        fences.push({ ...open, closeStart: lineStart });
        open = undefined;
      } else {
        open = { openStart: lineStart, contentStart: lineEnd + 1, lang: (marker[1] ?? '').trim() };
      }
    }
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  if (open) fences.push({ ...open, closeStart: text.length });
  return fences;
}

/** The fence whose content a chunk starting at `index` begins in (so the chunk must reopen it). */
function fenceContaining(fences: Fence[], index: number): Fence | undefined {
  return fences.find((fence) => fence.contentStart <= index && index < fence.closeStart);
}

function findLast<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && predicate(item)) return item;
  }
  return undefined;
}

/** A single word longer than the window: cut it, but never between the halves of a surrogate pair. */
function hardCut(text: string, start: number, limit: number): Separator {
  let end = Math.max(start + 1, limit);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd8_00 && code <= 0xdb_ff && end - 1 > start) end -= 1;
  return { end, next: end };
}
