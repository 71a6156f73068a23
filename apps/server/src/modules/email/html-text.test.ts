import { describe, expect, it } from 'vitest';
import { htmlSearchText, maxHtmlTextChars } from './html-text.js';

describe('htmlSearchText', () => {
  it('[issue 21.5] keeps the words of an HTML part, decoded, without markup, link targets or image sources', () => {
    const text = htmlSearchText(
      '<p>Caf&eacute; <b>Matterh&ouml;rn</b>&nbsp;order</p><table><tr><td>Seats</td><td>40</td></tr></table><a href="https://evil.example/x">renewal</a><img src="cid:logo" alt="logo">',
    );
    expect(text).toContain('Café Matterhörn order');
    expect(text).toMatch(/Seats\s+40/);
    expect(text).toContain('renewal');
    expect(text).not.toMatch(/evil\.example|cid:|<|&nbsp;/);
  });

  it('[issue 21.5] is bounded in size', () => {
    const huge = `<p>${'word '.repeat(120_000)}</p>`;
    expect(htmlSearchText(huge).length).toBeLessThanOrEqual(maxHtmlTextChars);
  });
});
