// Feed options (include/exclude, aliases, max_age). Filled in by the feeds issue.
import { ValidationError } from '../errors.js';

export function validateFeedOptions(options: unknown): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValidationError('options', 'expected an object');
  }
  return options as Record<string, unknown>;
}
