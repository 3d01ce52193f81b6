import { ErrorKind, errorsOf, type FieldError } from '../common/errors/index.js';
import type { Milestone } from './loan-timeline.js';
import type { LoanStatus } from '../loan-record/loan-record.types.js';

const when = (m: Milestone) => `must not be before ${m.event} (${m.at.toISOString()})`;

/** The codes this module raises. */
export type LoanErrorCode =
  | 'LOAN.APPLICATION_OPEN'
  | 'LOAN.DISBURSEMENT_OUT_OF_ORDER'
  | 'LOAN.IDEMPOTENCY_KEY_REUSED'
  | 'LOAN.INVALID_APPLICATION'
  | 'LOAN.INVALID_STATE'
  | 'LOAN.INVALID_TERMS'
  | 'LOAN.NOT_DELINQUENT'
  | 'LOAN.NOT_FOUND'
  | 'LOAN.OVERPAYMENT'
  | 'LOAN.OWN_APPLICATION'
  | 'LOAN.OWN_LOAN'
  | 'LOAN.PAYMENT_OUT_OF_ORDER'
  | 'REQUEST.INVALID_IDEMPOTENCY_KEY';

const error = errorsOf<LoanErrorCode>();

export const LoansError = {
  invalid: (details: FieldError[]) =>
    error(ErrorKind.BadRequest, 'LOAN.INVALID_APPLICATION', 'The loan application is invalid.', { details }),
  invalidTerms: (details: FieldError[]) =>
    error(ErrorKind.BadRequest, 'LOAN.INVALID_TERMS', 'The loan terms are invalid.', { details }),
  notFound: () => error(ErrorKind.NotFound, 'LOAN.NOT_FOUND', 'No loan with this id belongs to you.'),
  wrongState: (status: LoanStatus, action: string) =>
    error(ErrorKind.Conflict, 'LOAN.INVALID_STATE', `A loan that is ${status} cannot be ${action}.`),
  openApplication: (type: string) =>
    error(
      ErrorKind.Conflict,
      'LOAN.APPLICATION_OPEN',
      `You already have a ${type} loan application under review; cancel it or wait for its decision before applying again.`,
    ),
  idempotencyKeyReused: () =>
    error(
      ErrorKind.Unprocessable,
      'LOAN.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different application; use a new key for a new request.',
    ),
  invalidIdempotencyKey: () =>
    error(ErrorKind.BadRequest, 'REQUEST.INVALID_IDEMPOTENCY_KEY', 'The Idempotency-Key header is invalid.', {
      details: [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }],
    }),
  ownApplication: () =>
    error(ErrorKind.Forbidden, 'LOAN.OWN_APPLICATION', 'Underwriters cannot decide their own loan applications.'),
  /** Disbursing, recording payments on or declaring default on a loan the staff member borrows. */
  ownLoan: () =>
    error(ErrorKind.Forbidden, 'LOAN.OWN_LOAN', 'Staff cannot act on a loan they borrow; another staff member must.'),
  disbursementOutOfOrder: (floor: Milestone) =>
    error(
      ErrorKind.BadRequest,
      'LOAN.DISBURSEMENT_OUT_OF_ORDER',
      `A disbursement cannot be dated before ${floor.event}.`,
      { details: [{ field: 'disbursed_at', message: when(floor) }] },
    ),
  overpayment: (owed: string) =>
    error(ErrorKind.BadRequest, 'LOAN.OVERPAYMENT', `The payment is more than the ${owed} still owed on this loan.`, {
      details: [{ field: 'amount', message: `must be at most ${owed}` }],
    }),
  paymentOutOfOrder: (floor: Milestone) =>
    error(ErrorKind.BadRequest, 'LOAN.PAYMENT_OUT_OF_ORDER', `A payment cannot be dated before ${floor.event}.`, {
      details: [{ field: 'paid_at', message: when(floor) }],
    }),
  notDelinquent: () =>
    error(
      ErrorKind.Conflict,
      'LOAN.NOT_DELINQUENT',
      'Only a loan with an instalment more than 30 days overdue can be declared in default.',
    ),
};
