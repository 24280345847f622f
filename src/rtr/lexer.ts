import type { Diagnostics, Pos } from './diagnostic.js';

export type TokenKind = 'word' | 'string' | '{' | '}' | ';' | '=' | ',' | 'directive' | 'eof';

/** One token. Tokens never span lines, so `endColumn` is on `line`. */
export interface Token extends Pos {
  readonly kind: TokenKind;
  /**
   * A bare word as written, a quoted value without its quotes, the punctuation character,
   * or a directive's name without `#$` (`upgrade_from`).
   */
  readonly text: string;
  /** Column just past the token's last character. */
  readonly endColumn: number;
  /** A directive's arguments: the words and quoted values on the rest of its line. */
  readonly args?: readonly Token[];
}

const PUNCTUATION = new Set(['{', '}', ';', '=', ',']);
const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v';
/** A bare word runs until white space, punctuation, a quote or a comment. */
const endsWord = (c: string): boolean => c === '\n' || isBlank(c) || PUNCTUATION.has(c) || c === '"' || c === '#';
const DIRECTIVE_NAME = /[A-Za-z0-9_]/;

/**
 * Splits RTR text into tokens (rt_reg(4)): white space and `#` comments separate tokens;
 * `#$name …` to the end of its line is a directive; `"…"` is a value in which blanks and `#`
 * are ordinary characters and which must end on its line. The list always ends with `eof`.
 */
export function tokenize(text: string, diags: Diagnostics): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const col = (at: number): number => at - lineStart + 1;
  const endOfLine = (from: number): number => {
    const nl = text.indexOf('\n', from);
    return nl < 0 ? text.length : nl;
  };
  const readString = (from: number): Token => {
    const stop = endOfLine(from + 1);
    const close = text.indexOf('"', from + 1);
    if (close >= 0 && close < stop) {
      return { kind: 'string', text: text.slice(from + 1, close), line, column: col(from), endColumn: col(close + 1) };
    }
    diags.error({ line, column: col(from) }, 'unterminated quoted value: a value cannot span lines');
    // Most likely only the closing quote is missing: end the value before the line's last `;`
    // so that the statement still ends there and no second error follows from this one.
    const semicolon = text.lastIndexOf(';', stop - 1);
    const end = semicolon > from ? semicolon : stop;
    return { kind: 'string', text: text.slice(from + 1, end).replace(/\r$/, ''), line, column: col(from), endColumn: col(end) };
  };
  const readWord = (from: number, ends: (c: string) => boolean): Token => {
    let j = from;
    while (j < text.length && !ends(text[j] ?? '\n')) j++;
    return { kind: 'word', text: text.slice(from, j), line, column: col(from), endColumn: col(j) };
  };
  const readDirective = (from: number): Token => {
    let j = from + 2;
    while (j < text.length && DIRECTIVE_NAME.test(text[j] ?? '')) j++;
    const name = text.slice(from + 2, j);
    const stop = endOfLine(j);
    const args: Token[] = [];
    while (j < stop) {
      const c = text[j] ?? '\n';
      if (isBlank(c)) j++;
      else if (c === '#') j = stop;
      else {
        const arg = c === '"' ? readString(j) : readWord(j, (d) => d === '\n' || isBlank(d) || d === '"' || d === '#');
        args.push(arg);
        j = from + (arg.endColumn - col(from));
      }
    }
    return { kind: 'directive', text: name, line, column: col(from), endColumn: col(from + 2 + name.length), args };
  };

  while (i < text.length) {
    const c = text[i] ?? '\n';
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (isBlank(c)) {
      i++;
    } else if (c === '#') {
      if (text[i + 1] === '$') {
        const directive = readDirective(i);
        tokens.push(directive);
      }
      i = endOfLine(i);
    } else if (c === '"') {
      const s = readString(i);
      tokens.push(s);
      i += s.endColumn - s.column;
    } else if (PUNCTUATION.has(c)) {
      tokens.push({ kind: c as TokenKind, text: c, line, column: col(i), endColumn: col(i + 1) });
      i++;
    } else {
      const w = readWord(i, endsWord);
      tokens.push(w);
      i += w.endColumn - w.column;
    }
  }
  tokens.push({ kind: 'eof', text: '', line, column: col(i), endColumn: col(i) });
  return tokens;
}

/** How a token is named in a message: `"word"`, `'}'`, `end of file`. */
export function describeToken(t: Token): string {
  switch (t.kind) {
    case 'word':
      return `"${t.text}"`;
    case 'string':
      return `quoted value "${t.text}"`;
    case 'directive':
      return `directive #$${t.text}`;
    case 'eof':
      return 'end of file';
    default:
      return `'${t.kind}'`;
  }
}
