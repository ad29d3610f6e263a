// Who is clicking: the browser family (bowser) and whether the user agent is a bot
// (crawler-user-agents, compiled once into one RegExp). Both are costly per call (~50 µs
// each), and real traffic repeats a small set of user agents, so results are cached.
import Bowser from 'bowser';
import crawlers from 'crawler-user-agents';
import { cleanText } from './clean-text.js';

export interface VisitorAgent {
  /** The user agent as stored: cleaned and at most USER_AGENT_MAX characters. */
  userAgent: string;
  /** Browser family such as Chrome, Firefox, Safari; 'Unknown' when none is recognised. */
  browser: string;
  isBot: boolean;
}

export const USER_AGENT_MAX = 512;
/** The stored browser of a user agent no library recognises (api.php gives it as is; the cabinet translates it). */
export const UNKNOWN_BROWSER = 'Unknown';
const CACHE_SIZE = 2000;

// The library's patterns are JavaScript-compatible and meant to be matched case-sensitively.
const BOT_PATTERN = new RegExp(crawlers.map((c) => c.pattern).join('|'));
const cache = new Map<string, VisitorAgent>();

/** Describes a raw User-Agent header. A missing or empty one is a bot: browsers always send it. */
export function describeUserAgent(header: string | string[] | undefined): VisitorAgent {
  const userAgent = cleanText(header, USER_AGENT_MAX).trim();
  let agent = cache.get(userAgent);
  if (agent === undefined) {
    agent = { userAgent, browser: browserFamily(userAgent), isBot: userAgent === '' || BOT_PATTERN.test(userAgent) };
    // Bounded: the oldest entry goes first (Map keeps insertion order).
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(userAgent, agent);
  }
  return agent;
}

function browserFamily(userAgent: string): string {
  if (userAgent === '') return UNKNOWN_BROWSER;
  try {
    return Bowser.getParser(userAgent).getBrowserName() || UNKNOWN_BROWSER;
  } catch {
    return UNKNOWN_BROWSER;
  }
}
