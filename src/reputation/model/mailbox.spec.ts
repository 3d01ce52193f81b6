import { canonicalMailbox } from './mailbox.js';

describe('canonicalMailbox', () => {
  it('treats plus-aliases of one inbox as that inbox', () => {
    expect(canonicalMailbox('Ann+one@Example.com')).toBe('ann@example.com');
    expect(canonicalMailbox('ann+two@example.com')).toBe('ann@example.com');
    expect(canonicalMailbox('ann@example.com')).toBe('ann@example.com');
  });

  it("drops Gmail's dots and unifies googlemail.com, but keeps dots elsewhere", () => {
    expect(canonicalMailbox('j.d.oe+x@googlemail.com')).toBe('jdoe@gmail.com');
    expect(canonicalMailbox('jdoe@gmail.com')).toBe('jdoe@gmail.com');
    expect(canonicalMailbox('j.doe@example.com')).toBe('j.doe@example.com');
  });

  it('keeps a local part that starts with a plus', () => {
    expect(canonicalMailbox('+tag@example.com')).toBe('+tag@example.com');
  });
});
