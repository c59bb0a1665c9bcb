import { describe, expect, it } from 'vitest';
import { svg } from '../../../../../test/integration/functions/samples.js';
import { svgProblem } from '../src/svg.js';

async function problemOf(text: string | Buffer, chunk = 5): Promise<string | undefined> {
  const data = Buffer.from(text);
  return svgProblem(
    (async function* () {
      for (let i = 0; i < data.length; i += chunk) yield data.subarray(i, i + chunk);
    })(),
  );
}

const doc = (body: string, attributes = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>${body}</svg>`;

describe('svgProblem', () => {
  it('accepts passive SVG: shapes, gradients by fragment, an embedded PNG, a CSS style by fragment, the SVG 1.1 DOCTYPE', async () => {
    expect(await problemOf(svg())).toBeUndefined();
    expect(
      await problemOf(
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n' +
          doc(
            '<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>' +
              '<style>rect { fill: url(#g); }</style><rect width="4" height="4" style="stroke: url(\'#g\')"/>' +
              '<use xlink:href="#g"/><image href="data:image/png;base64,iVBORw0KGgo="/><text>on top &amp; é</text>',
          ),
      ),
    ).toBeUndefined();
  });

  it.each([
    [doc('<script>alert(1)</script>'), 'it contains a <script> element'],
    [
      doc('<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'),
      'it contains a <svg:script> element',
    ],
    [doc('<SCRIPT>alert(1)</SCRIPT>'), 'it contains a <SCRIPT> element'],
    [
      doc('<foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>'),
      'it contains a <foreignObject> element',
    ],
    [doc('<rect/>', ' onload="alert(1)"'), 'it has an event-handler attribute onload on <svg>'],
    [doc('<rect onClick="x()"/>'), 'it has an event-handler attribute onClick on <rect>'],
    [doc('<a href="javascript:alert(1)"><rect/></a>'), 'it has a script URL in href on <a>'],
    [doc('<a xlink:href="jav&#x09;ascript&#58;alert(1)"><rect/></a>'), 'it has a script URL in xlink:href on <a>'],
    [doc('<set attributeName="fill" to="javascript:alert(1)"/>'), 'it has a script URL in to on <set>'],
    [
      doc('<image href="https://tracker.example/pixel.png"/>'),
      'it references another resource: href="https://tracker.example/pixel.png" on <image>',
    ],
    [doc('<use xlink:href="other.svg#icon"/>'), 'it references another resource: xlink:href="other.svg#icon" on <use>'],
    [
      doc('<image href="data:image/svg+xml;base64,PHN2Zy8+"/>'),
      'it references another resource: href="data:image/svg+xml;base64,PHN2Zy8+" on <image>',
    ],
    [
      doc('<rect style="fill: url(https://evil.example/x.svg#p)"/>'),
      'it references another resource: url(https://evil.example/x.svg#p) in style on <rect>',
    ],
    [
      doc('<rect fill="url( \'//evil.example/p\' )"/>'),
      'it references another resource: url(//evil.example/p) in fill on <rect>',
    ],
    [doc('<style>@import "https://evil.example/a.css";</style>'), 'it imports a style sheet in a <style> element'],
    [
      doc('<style><![CDATA[rect { background: url(http://evil.example/x) }]]></style>'),
      'it references another resource: url(http://evil.example/x) in a <style> element',
    ],
    [doc('<style>rect { fill: \\75 rl(http://evil.example/x) }</style>'), 'it uses CSS escapes in a <style> element'],
    [
      doc('<a href="x"><animate attributeName="href" to="https://evil.example"/></a>'),
      'it references another resource: href="x" on <a>',
    ],
    [
      doc('<animate attributeName="xlink:href" values="#a;#b"/>'),
      'it animates a link (<animate> attributeName="xlink:href")',
    ],
    [
      '<?xml-stylesheet href="https://evil.example/a.css"?>' + doc('<rect/>'),
      'it loads a style sheet (<?xml-stylesheet?>)',
    ],
    [
      '<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]>' + doc('&x;'),
      'it declares a DTD internal subset (entities can inject markup)',
    ],
  ])('rejects %s', async (text, reason) => {
    expect(await problemOf(text)).toBe(reason);
  });

  it('rejects XML that is not well-formed, and text that is not UTF-8', async () => {
    expect(await problemOf(doc('<rect>'))).toMatch(/^it is not well-formed XML \(/);
    expect(await problemOf(doc('&undefined;'))).toMatch(/^it is not well-formed XML \(.*undefined/);
    expect(
      await problemOf(
        Buffer.concat([
          Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('</svg>'),
        ]),
      ),
    ).toBe('it is not valid UTF-8 text');
  });

  it('reads a document split anywhere, a multi-byte character included', async () => {
    for (const chunk of [1, 2, 3])
      expect(await problemOf(doc('<text>é—ü</text><script/>'), chunk)).toBe('it contains a <script> element');
  });
});
