// What the CLI prints may hold text from partners or visitors stored before today's rules, or
// by another tool: every invisible or reordering character is shown as a \uXXXX escape (valid in
// JSON output too), so the operator's terminal shows exactly what is stored.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/gu;

export function escapeForTerminal(text: string): string {
  return text.replace(INVISIBLE, (char) => (char === '\n' || char === '\t' ? char : escapeUnits(char)));
}

function escapeUnits(char: string): string {
  let out = '';
  for (let i = 0; i < char.length; i++) out += `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
