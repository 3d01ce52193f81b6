import { applicationDataErrors } from './application-data.js';

describe('application_data', () => {
  it("accepts the seed's example, stated incomes as numbers or decimal strings, and keys it does not read", () => {
    expect(applicationDataErrors({ purpose: 'Debt consolidation', employment_status: 'employed' })).toEqual([]);
    expect(applicationDataErrors({ monthly_income: 5000, annual_income: '60000.00', notes: { any: 'thing' } })).toEqual(
      [],
    );
    expect(applicationDataErrors({})).toEqual([]);
  });

  it('names each field that means nothing', () => {
    expect(
      applicationDataErrors({
        monthly_income: -1,
        annual_income: 1e12,
        employment_status: 'astronaut',
        purpose: 'evil\u202Etxt',
      }).map((e) => e.field),
    ).toEqual([
      'application_data.monthly_income',
      'application_data.annual_income',
      'application_data.employment_status',
      'application_data.purpose',
    ]);
    expect(applicationDataErrors({ purpose: '  ' })).toEqual([
      { field: 'application_data.purpose', message: 'application_data.purpose must be text of 1 to 500 characters' },
    ]);
  });
});
