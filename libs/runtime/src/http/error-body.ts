/** The one error shape every service answers with. */
export interface ErrorBody {
  status: number;
  /** Stable, machine-readable: VALIDATION_FAILED, MALFORMED_JSON, NOT_FOUND, ... */
  code: string;
  message: string;
  /** The first failing input path, e.g. `email` or `items.0.quantity`. */
  field?: string;
  /** Every failing field, for validation errors. */
  details?: FieldProblem[];
  /** The request's correlation id (`x-request-id`). */
  requestId?: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  410: 'GONE',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  502: 'BAD_GATEWAY',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};

export function codeForStatus(status: number): string {
  return CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL' : 'BAD_REQUEST');
}
