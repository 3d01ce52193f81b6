import { isPlainText } from './plain-text.js';

describe('plain text', () => {
  it('accepts names and text in any script, with accents, emoji and joiners', () => {
    for (const ok of [
      'Ada Lovelace',
      'José Ñúñez',
      'Zoë O’Brien-Smith',
      'محمد',
      '李小龍',
      'मनीषा',
      'Ana 👩‍💻',
      'نامه‌ای',
    ]) {
      expect({ ok, plain: isPlainText(ok) }).toEqual({ ok, plain: true });
    }
    expect(isPlainText('Line one\nLine two\ttabbed', { multiline: true })).toBe(true);
  });

  it('refuses control, invisible and bidirectional-override characters, and line breaks on one line', () => {
    for (const bad of [
      'Ada\u0000',
      'Ada\u001b[31m',
      'Ad\u200Ba',
      'evil\u202Egnp.exe',
      'a\u2028b',
      '\uFEFFAda',
      'A\uD800',
      'Ada\nLovelace',
      'x\u00ADy',
    ]) {
      expect({ bad, plain: isPlainText(bad) }).toEqual({ bad, plain: false });
    }
    expect(isPlainText('bio\u0007', { multiline: true })).toBe(false);
    expect(isPlainText(42)).toBe(false);
  });
});
