/**
 * One problem found in an RTR file. `line` and `column` are 1-based and point at the offending
 * token; a column counts characters (UTF-16 code units), a tab is one column. A problem about
 * something missing points just past the last token that should have been followed by it.
 */
export interface RtrDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A place in the text (1-based). */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** `file:line:column: message`, the form compilers use so editors can jump to it. */
export function formatDiagnostic(d: RtrDiagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** Collects every error and warning of one file; nothing stops at the first problem. */
export class Diagnostics {
  private readonly errorList: RtrDiagnostic[] = [];
  private readonly warningList: RtrDiagnostic[] = [];

  constructor(private readonly file: string) {}

  error(at: Pos, message: string): void {
    this.errorList.push({ file: this.file, line: at.line, column: at.column, message });
  }

  warn(at: Pos, message: string): void {
    this.warningList.push({ file: this.file, line: at.line, column: at.column, message });
  }

  get hasErrors(): boolean {
    return this.errorList.length > 0;
  }

  /** Errors in file order, each reported once. */
  errors(): RtrDiagnostic[] {
    return ordered(this.errorList);
  }

  warnings(): RtrDiagnostic[] {
    return ordered(this.warningList);
  }
}

function ordered(list: readonly RtrDiagnostic[]): RtrDiagnostic[] {
  const seen = new Set<string>();
  const unique = list.filter((d) => {
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  // Array.prototype.sort is stable, so problems at one token keep the order they were found in.
  return unique.sort((a, b) => a.line - b.line || a.column - b.column);
}
