// `items` is an object keyed by id (docs/seeds/004-partner-integration.en.txt), newest first. JavaScript objects always list
// integer-like keys in ascending order, so ordered items travel as a KeyedItems wrapper and
// are written out here in the order given; PHP's json_decode keeps that document order.

export class KeyedItems<T extends { id: number }> {
  constructor(readonly rows: T[]) {}
}

/** JSON text of the envelope; KeyedItems become `{"<id>":{...},...}` in row order. */
export function serializeEnvelope(value: unknown): string {
  if (value instanceof KeyedItems) {
    let out = '{';
    for (let i = 0; i < value.rows.length; i++) {
      const row = value.rows[i];
      out += `${i ? ',' : ''}"${row.id}":${JSON.stringify(row)}`;
    }
    return `${out}}`;
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const fields: string[] = [];
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined) fields.push(`${JSON.stringify(key)}:${serializeEnvelope(field)}`);
    }
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}
