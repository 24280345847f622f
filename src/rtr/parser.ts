import type { Diagnostics, Pos } from './diagnostic.js';
import { describeToken, type Token } from './lexer.js';
import type { Assignment, Directive, PropertyEntry, RtDeclaration, RtrSyntax } from './syntax.js';

/**
 * Reads the statement structure of an RTR file. Every syntax error is reported and parsing
 * resumes at the next `;`, `{`, `}` or directive, or at a new line that starts `NAME =`, so one
 * slip does not hide the problems after it.
 */
export function parseSyntax(tokens: readonly Token[], diags: Diagnostics): RtrSyntax {
  return new Parser(tokens, diags).file();
}

const isValue = (t: Token): boolean => t.kind === 'word' || t.kind === 'string';
const after = (t: Token): Pos => ({ line: t.line, column: t.endColumn });

class Parser {
  private i = 0;
  private seq = 0;
  private readonly declarations: RtDeclaration[] = [];
  private readonly entries: PropertyEntry[] = [];
  private readonly directives: Directive[] = [];

  constructor(private readonly tokens: readonly Token[], private readonly diags: Diagnostics) {}

  file(): RtrSyntax {
    const start = this.peek();
    for (let t = this.peek(); t.kind !== 'eof'; t = this.peek()) {
      switch (t.kind) {
        case 'directive':
          this.directives.push({ token: this.next(), seq: this.seq++ });
          break;
        case '{':
          this.entries.push(this.entry());
          break;
        case 'word': {
          const seq = this.seq++;
          this.declarations.push({ assignment: this.assignment(this.next(), false), seq });
          break;
        }
        case ';':
          this.diags.warn(t, "stray ';' ignored");
          this.next();
          break;
        case '}':
          this.diags.error(t, "'}' without a matching '{'");
          this.next();
          break;
        default:
          this.diags.error(t, `expected a resource type property name, found ${describeToken(t)}`);
          this.skipBad(t);
      }
    }
    return { declarations: this.declarations, entries: this.entries, directives: this.directives, start };
  }

  private peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
    if (t === undefined) throw new Error('tokenize() always ends the token list with eof');
    return t;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private previous(): Token {
    return this.tokens[this.i - 1] ?? this.peek();
  }

  private entry(): PropertyEntry {
    const seq = this.seq++;
    const open = this.next();
    const items: Assignment[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') {
        this.diags.error(open, "property entry is never closed by '}'");
        break;
      }
      if (t.kind === '}') {
        this.next();
        break;
      }
      if (t.kind === '{') {
        this.diags.error(open, "property entry is not closed by '}' before the next '{'");
        break;
      }
      if (t.kind === ';') {
        this.diags.warn(t, "stray ';' ignored");
        this.next();
      } else if (t.kind === 'directive') {
        this.directives.push({ token: this.next(), seq: this.seq++ });
      } else if (t.kind === 'word') {
        items.push(this.assignment(this.next(), true));
      } else {
        this.diags.error(t, `expected a property attribute, found ${describeToken(t)}`);
        this.skipBad(t);
      }
    }
    return { open, items, seq };
  }

  /** After the name: `;` | `= values ;` | (in an entry) `ENUM { literals } ;`. */
  private assignment(name: Token, inEntry: boolean): Assignment {
    const t = this.peek();
    if (t.kind === ';') {
      this.next();
      return { name, hasEquals: false, values: [], broken: false };
    }
    if (inEntry && name.text.toUpperCase() === 'ENUM' && t.kind === '{') {
      const enumLiterals = this.enumLiterals();
      const broken = enumLiterals === undefined || !this.endStatement(name);
      return { name, hasEquals: false, values: [], enumLiterals: enumLiterals ?? [], broken };
    }
    if (t.kind === '=') {
      this.next();
      const values = this.values();
      const broken = !this.endStatement(name);
      return { name, hasEquals: true, values, broken };
    }
    if (t.kind === 'eof' || t.kind === '}' || t.kind === 'directive' || t.line > name.line) {
      this.diags.error(after(name), `missing ';' after ${name.text}`);
      return { name, hasEquals: false, values: [], broken: false };
    }
    this.diags.error(t, `expected '=' or ';' after ${name.text}, found ${describeToken(t)}`);
    this.skipStatement(t);
    return { name, hasEquals: false, values: [], broken: true };
  }

  /** `v {, v}`, possibly empty (`DEFAULT = ;`). */
  private values(): Token[] {
    const values: Token[] = [];
    if (!isValue(this.peek())) return values;
    values.push(this.next());
    while (this.peek().kind === ',') {
      this.next();
      const v = this.peek();
      if (!isValue(v)) {
        this.diags.error(v, `expected a value after ',', found ${describeToken(v)}`);
        break;
      }
      values.push(this.next());
    }
    return values;
  }

  /** `{ a, b, c }` after ENUM; undefined when malformed (reported). A trailing comma is tolerated. */
  private enumLiterals(): Token[] | undefined {
    const open = this.next();
    const literals: Token[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === '}') {
        this.next();
        return literals;
      }
      if (!isValue(t)) {
        this.diags.error(t.kind === 'eof' ? open : t, `expected an enum literal or '}', found ${describeToken(t)}`);
        if (t.kind === ';' || t.kind === 'eof') return undefined;
        this.skipStatement(t);
        return undefined;
      }
      literals.push(this.next());
      const sep = this.peek();
      if (sep.kind === ',') this.next();
      else if (sep.kind !== '}') {
        this.diags.error(sep, `expected ',' or '}' in the ENUM list, found ${describeToken(sep)}`);
        if (sep.kind !== ';' && sep.kind !== 'eof') this.skipStatement(sep);
        return undefined;
      }
    }
  }

  /**
   * Expects the `;` that ends a statement. A missing `;` at the end of a line (or before `}`)
   * is reported and the statement kept; anything else on the line is skipped. Returns whether
   * the statement's values are complete.
   */
  private endStatement(name: Token): boolean {
    const t = this.peek();
    if (t.kind === ';') {
      this.next();
      return true;
    }
    const last = this.previous();
    if (t.kind === 'eof' || t.kind === '}' || t.kind === '{' || t.kind === 'directive' || t.line > last.line) {
      this.diags.error(after(last), `missing ';' after ${name.text}`);
      return true;
    }
    const hint = isValue(t) && isValue(last) ? ' (quote a value that contains blanks)' : '';
    this.diags.error(t, `expected ';' or ',' in ${name.text}, found ${describeToken(t)}${hint}`);
    this.skipStatement(t);
    return false;
  }

  /** After a token that cannot start a statement: a stray ',' alone, anything else with its statement. */
  private skipBad(t: Token): void {
    if (t.kind === ',') this.next();
    else this.skipStatement(t);
  }

  /**
   * Skips to the end of a bad statement: past the next `;`, or up to a `{`, `}`, directive,
   * or a later line that starts a new `NAME =` statement.
   */
  private skipStatement(from: Token): void {
    for (let t = this.peek(); t.kind !== 'eof'; t = this.peek()) {
      if (t.kind === ';') {
        this.next();
        return;
      }
      if (t.kind === '{' || t.kind === '}' || t.kind === 'directive') return;
      if (t.line > from.line && t.kind === 'word' && this.peek(1).kind === '=') return;
      this.next();
    }
  }
}
