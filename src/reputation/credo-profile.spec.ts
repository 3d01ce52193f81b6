import type { User } from '../users/entities/user.entity.js';
import { ageInYears, credoUserView, phoneParts, publicProfile } from './credo-profile.js';

const user = (fields: Partial<User>): User =>
  ({
    handle: '02598397346',
    status: 'active',
    firstName: 'Irakliy',
    lastName: 'Khaburzaniya',
    dateOfBirth: '1990-06-15',
    gender: 'male',
    city: 'Redondo Beach',
    region: 'California',
    country: 'us',
    pictureUrl: 'https://cdn.example.com/me.png',
    privacy: {},
    updatedAt: new Date('2024-01-01T00:00:00Z'),
    createdAt: new Date('2023-01-01T00:00:00Z'),
    ...fields,
  }) as User;

describe('Credo profile views', () => {
  it('shows only the first name unless the user allows more', () => {
    expect(publicProfile(user({}))).toEqual({ name: { firstName: 'Irakliy' } });
    expect(publicProfile(user({ firstName: null }))).toEqual({});
    const all = publicProfile(
      user({
        privacy: { show_last_name: true, show_location: true, show_age: true, show_gender: true, show_picture: true },
      }),
      new Date('2024-06-14T12:00:00Z'),
    );
    expect(all).toEqual({
      name: { firstName: 'Irakliy', lastName: 'Khaburzaniya' },
      picture: {
        source: 'profile',
        updatedOn: Date.parse('2024-01-01T00:00:00Z'),
        fullUrl: 'https://cdn.example.com/me.png',
        thumbUrl: 'https://cdn.example.com/me.png',
      },
      location: { city: 'Redondo Beach', state: 'California', region: 'California', country: 'us' },
      age: { years: 33 },
      gender: 'male',
    });
  });

  it('leaves out what the user allows but has not given', () => {
    const p = publicProfile(user({ country: null, gender: null, privacy: { show_location: true, show_gender: true } }));
    expect(p).toEqual({ name: { firstName: 'Irakliy' } });
  });

  it('counts age in whole years, birthday included', () => {
    expect(ageInYears('1990-06-15', new Date('2024-06-14T23:59:59Z'))).toBe(33);
    expect(ageInYears('1990-06-15', new Date('2024-06-15T00:00:00Z'))).toBe(34);
  });

  it('reveals a phone number only by country code, area code and last two digits', () => {
    expect(phoneParts('+17605551212')).toEqual({ countryCode: 1, areaCode: '760', last2digits: '12' });
    expect(phoneParts('+447911123456')).toEqual({ countryCode: 44, areaCode: '79', last2digits: '56' });
    expect(phoneParts('not a number')).toBeNull();
  });

  it('answers a suspended or deactivated handle with its status alone', () => {
    expect(credoUserView(user({ status: 'suspended' }), null)).toEqual({
      handle: { id: '02598397346', status: 'suspended' },
    });
    expect(credoUserView(user({ status: 'deactivated' }), null)).toEqual({
      handle: { id: '02598397346', status: 'deactivated' },
    });
  });
});
