import type { Token } from './lexer.js';

/**
 * One `NAME;` or `NAME = v1, v2;` statement: a resource type property at top level, or an
 * attribute inside a paramtable entry (`ENUM { a, b };` carries its literals in `enumLiterals`).
 */
export interface Assignment {
  readonly name: Token;
  readonly hasEquals: boolean;
  /** The values, quoted or bare; empty for `NAME = ;` and `NAME;`. */
  readonly values: readonly Token[];
  readonly enumLiterals?: readonly Token[];
  /** The statement was malformed (already reported); its values must not be judged. */
  readonly broken: boolean;
}

/** Top-level items carry `seq`, their position among all top-level items, for ordering rules. */
export interface RtDeclaration {
  readonly assignment: Assignment;
  readonly seq: number;
}

/** A `{ … }` paramtable entry. */
export interface PropertyEntry {
  readonly open: Token;
  readonly items: readonly Assignment[];
  readonly seq: number;
}

export interface Directive {
  readonly token: Token;
  readonly seq: number;
}

/** The statements of an RTR file, in file order, before any meaning is given to them. */
export interface RtrSyntax {
  readonly declarations: readonly RtDeclaration[];
  readonly entries: readonly PropertyEntry[];
  readonly directives: readonly Directive[];
  /** The first token (or `eof`): where "the file lacks X" problems point when nothing better exists. */
  readonly start: Token;
}
