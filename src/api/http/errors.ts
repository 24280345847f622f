import type { Problem } from '../../model/index.js';

/**
 * An error the API returns to a client: an HTTP status, one clear line, and the problems behind it.
 * 400 = the request is wrong (bad input), 404 = an object does not exist, 409 = conflict with the
 * current state, 503 = the cluster cannot answer now.
 */
export class ApiError extends Error {
  constructor(readonly httpStatus: number, message: string, readonly problems: readonly Problem[] = []) {
    super(message);
    this.name = 'ApiError';
  }

  static fromProblems(problems: readonly Problem[]): ApiError {
    const first = problems[0];
    const status = problems.every((p) => p.code === 'unknown-object') ? 404 : problems.some((p) => p.code === 'conflict' || p.code === 'in-use') ? 409 : 400;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    return new ApiError(status, `${first?.message ?? 'rejected'}${more}`, problems);
  }
}

/** The JSON body of every error response. */
export interface ErrorBody {
  readonly error: { readonly message: string; readonly problems: readonly Problem[] };
}
