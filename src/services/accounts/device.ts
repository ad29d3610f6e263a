// "Firefox, Windows": what a partner's list of sessions says of the browser that signed in.
// Only this is kept, not the whole User-Agent header.
import Bowser from 'bowser';
import { cleanText } from '../referral/clean-text.js';

export function describeDevice(userAgent: string | undefined): string | null {
  const header = cleanText(userAgent, 512).trim();
  if (header === '') return null;
  try {
    const parser = Bowser.getParser(header);
    const parts = [parser.getBrowserName(), parser.getOSName()].filter((part) => part !== '');
    return parts.length === 0 ? null : parts.join(', ').slice(0, 100);
  } catch {
    return null;
  }
}
