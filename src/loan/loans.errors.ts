import {
  DomainError,
  ErrorKind,
  badRequest,
  conflict,
  forbidden,
  notFound,
  type FieldError,
} from '../common/errors/index.js';
import type { Milestone } from './loan-timeline.js';
import type { LoanStatus } from './loan.types.js';

const when = (m: Milestone) => `must not be before ${m.event} (${m.at.toISOString()})`;

export const LoansError = {
  invalid: (details: FieldError[]) =>
    badRequest('LOAN.INVALID_APPLICATION', 'The loan application is invalid.', details),
  notFound: () => notFound('LOAN.NOT_FOUND', 'No loan with this id belongs to you.'),
  wrongState: (status: LoanStatus, action: string) =>
    conflict('LOAN.INVALID_STATE', `A loan that is ${status} cannot be ${action}.`),
  openApplication: (type: string) =>
    conflict(
      'LOAN.APPLICATION_OPEN',
      `You already have a ${type} loan application under review; cancel it or wait for its decision before applying again.`,
    ),
  idempotencyKeyReused: () =>
    new DomainError(
      ErrorKind.Unprocessable,
      'LOAN.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different application; use a new key for a new request.',
    ),
  invalidIdempotencyKey: () =>
    badRequest('REQUEST.INVALID_IDEMPOTENCY_KEY', 'The Idempotency-Key header is invalid.', [
      { field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' },
    ]),
  ownApplication: () => forbidden('LOAN.OWN_APPLICATION', 'Underwriters cannot decide their own loan applications.'),
  /** Disbursing, recording payments on or declaring default on a loan the staff member borrows. */
  ownLoan: () => forbidden('LOAN.OWN_LOAN', 'Staff cannot act on a loan they borrow; another staff member must.'),
  disbursementOutOfOrder: (floor: Milestone) =>
    badRequest('LOAN.DISBURSEMENT_OUT_OF_ORDER', `A disbursement cannot be dated before ${floor.event}.`, [
      { field: 'disbursed_at', message: when(floor) },
    ]),
  overpayment: (owed: string) =>
    badRequest('LOAN.OVERPAYMENT', `The payment is more than the ${owed} still owed on this loan.`, [
      { field: 'amount', message: `must be at most ${owed}` },
    ]),
  paymentOutOfOrder: (floor: Milestone) =>
    badRequest('LOAN.PAYMENT_OUT_OF_ORDER', `A payment cannot be dated before ${floor.event}.`, [
      { field: 'paid_at', message: when(floor) },
    ]),
  notDelinquent: () =>
    conflict(
      'LOAN.NOT_DELINQUENT',
      'Only a loan with an instalment more than 30 days overdue can be declared in default.',
    ),
};
