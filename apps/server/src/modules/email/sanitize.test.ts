import { describe, expect, it } from 'vitest';
import { resolveCidImages, sanitizeEmailHtml } from './sanitize.js';

const clean = (html: string) => sanitizeEmailHtml(html);

describe('email HTML sanitizing', () => {
  it.each([
    ['script', '<p>hi</p><script>alert(1)</script>', /<script|alert/i],
    ['event handler', '<p onclick="alert(1)" onmouseover=alert(1)>hi</p><img src=x onerror=alert(1)>', /onclick|onmouseover|onerror|alert/i],
    [
      'javascript: link',
      '<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="&#106;avascript:alert(1)">z</a>',
      /javascript|alert/i,
    ],
    ['data: link', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>', /data:/i],
    ['iframe', '<iframe src="https://evil.example"></iframe><frameset><frame src="x"></frameset>', /iframe|frame|evil/i],
    ['object and embed', '<object data="x.swf"></object><embed src="x.swf">', /object|embed|swf/i],
    ['svg', '<svg><script>alert(1)</script><a xlink:href="javascript:alert(1)"><text>t</text></a></svg>', /svg|script|alert|javascript/i],
    ['math', '<math><mi xlink:href="javascript:alert(1)">x</mi></math>', /math|javascript/i],
    ['form', '<form action="https://evil.example/steal"><input name="password"><button>Go</button></form>', /form|input|button|evil/i],
    ['meta refresh', '<meta http-equiv="refresh" content="0;url=https://evil.example">', /meta|refresh|evil/i],
    ['base', '<base href="https://evil.example/">', /base|evil/i],
    ['style element', '<style>body{background:url(https://track.example/p.gif)}</style>', /style|track/i],
    ['css expression', '<p style="width: expression(alert(1)); color: red">x</p>', /expression|alert/i],
    ['css url', '<div style="background-image: url(https://track.example/p.gif)">x</div>', /url\(|track/i],
    ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">', /link|evil/i],
    ['data: image that is svg', '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">', /svg/i],
  ])('removes %s', (_name, input, forbidden) => {
    expect(clean(input)).not.toMatch(forbidden);
  });

  it('keeps ordinary formatting, tables and safe styles', () => {
    const out = clean(
      '<table width="100%" cellpadding="4"><tr><td style="color: red; font-weight: bold">Hi <b>there</b></td></tr></table><a href="https://example.com/x">link</a>',
    );
    expect(out).toContain('<table width="100%" cellpadding="4">');
    expect(out).toContain('style="color:red;font-weight:bold"');
    expect(out).toContain('<b>there</b>');
    expect(out).toContain('href="https://example.com/x"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });

  it('holds remote images back in data-remote-src until a person asks', () => {
    const out = clean('<img src="https://track.example/open.gif?u=1" alt="logo"><img src="//cdn.example/x.png">');
    expect(out).not.toMatch(/\ssrc=/);
    expect(out).toContain('data-remote-src="https://track.example/open.gif?u=1"');
    expect(out).toContain('data-remote-src="https://cdn.example/x.png"');
  });

  it('keeps inline data:image and cid: images, and points cid: at the attachment file', () => {
    const out = clean('<img src="data:image/png;base64,iVBORw0KGgo="><img src="cid:Logo@Example"><img src="cid:missing">');
    expect(out).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    const resolved = resolveCidImages(out, (cid) => (cid === 'logo@example' ? '/api/files/f1/content' : undefined));
    expect(resolved).toContain('src="/api/files/f1/content"');
    expect(resolved).toContain('src="cid:missing"');
  });
});
