import { SaxesParser, type SaxesTagNS } from 'saxes';

/**
 * Active content in an SVG: anything a browser would run, or fetch from elsewhere, when the
 * file is opened. The document is parsed as the strict XML a browser's SVG parser expects
 * (saxes); the first finding is the reason the upload is rejected. Found:
 * - script-bearing elements (`script`, `handler`, `foreignObject` and embedded documents
 *   such as `iframe`), in any namespace and letter case;
 * - event-handler attributes (`on…`);
 * - `javascript:`/`vbscript:` URLs in any attribute (entities decoded, blanks removed);
 * - references to other resources: a link attribute (`href`, `xlink:href`, `src`) that is not
 *   a fragment (`#id`) or an embedded raster image (`data:image/png|jpeg|gif|webp`), a CSS
 *   `url(…)` or `@import` that leaves the document, `<?xml-stylesheet?>`, an animation of a
 *   link attribute;
 * - a DOCTYPE with an internal subset: its entities expand into markup the parser here would
 *   not see;
 * - XML that is not well-formed (browsers refuse it; nothing else here could vouch for it).
 */
export async function svgProblem(stream: AsyncIterable<Uint8Array>): Promise<string | undefined> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  let problem: string | undefined;
  const found = (reason: string) => {
    problem ??= reason;
  };
  const open: string[] = [];

  parser.on('doctype', (doctype) => {
    if (doctype.includes('[')) found('it declares a DTD internal subset (entities can inject markup)');
  });
  parser.on('processinginstruction', ({ target }) => {
    if (target.toLowerCase() === 'xml-stylesheet') found('it loads a style sheet (<?xml-stylesheet?>)');
  });
  parser.on('opentag', (tag) => {
    open.push(tag.local.toLowerCase());
    checkElement(tag, found);
  });
  parser.on('closetag', () => void open.pop());
  const styleText = (text: string) => {
    if (open.at(-1) === 'style') checkCss(text, 'a <style> element', found);
  };
  parser.on('text', styleText);
  parser.on('cdata', styleText);

  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of stream) {
      parser.write(decoder.decode(chunk, { stream: true }));
      if (problem) return problem;
    }
    parser.write(decoder.decode());
    parser.close();
  } catch (error) {
    if (error instanceof TypeError) return 'it is not valid UTF-8 text';
    return `it is not well-formed XML (${error instanceof Error ? error.message : String(error)})`;
  }
  return problem;
}

const ACTIVE_ELEMENTS = new Set([
  'script',
  'handler',
  'foreignobject',
  'iframe',
  'frame',
  'frameset',
  'embed',
  'object',
  'applet',
  'meta',
  'link',
  'base',
]);
const LINK_ATTRIBUTES = new Set(['href', 'src']);
const ANIMATIONS = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'animatecolor']);
const SAFE_DATA_URL = /^data:image\/(png|jpeg|gif|webp)[;,]/;

/**
 * Lower case, without the blanks and control characters browsers skip inside a URL's scheme.
 * One replace, not a string grown a character at a time: an attribute can be tens of MB (an
 * embedded image), and a string built by += per character costs dozens of bytes each.
 */
function compactUrl(text: string): string {
  // eslint-disable-next-line no-control-regex -- the control characters are what is removed
  return text.replace(/[\u0000-\u0020]+/g, '').toLowerCase();
}

function checkElement(tag: SaxesTagNS, found: (reason: string) => void): void {
  const name = tag.local.toLowerCase();
  const label = `<${tag.name}>`;
  if (ACTIVE_ELEMENTS.has(name)) return found(`it contains a ${label} element`);
  for (const attribute of Object.values(tag.attributes)) {
    const local = attribute.local.toLowerCase();
    const value = attribute.value;
    const compact = compactUrl(value);
    if (local.startsWith('on')) return found(`it has an event-handler attribute ${attribute.name} on ${label}`);
    if (/(javascript|vbscript):/.test(compact)) return found(`it has a script URL in ${attribute.name} on ${label}`);
    if (LINK_ATTRIBUTES.has(local) && !compact.startsWith('#') && !SAFE_DATA_URL.test(compact))
      return found(`it references another resource: ${attribute.name}="${shorten(value)}" on ${label}`);
    if (ANIMATIONS.has(name) && local === 'attributename' && /(^|:)href$/i.test(value.trim()))
      return found(`it animates a link (${label} attributeName="${shorten(value)}")`);
    checkCss(value, `${attribute.name} on ${label}`, found);
  }
}

function checkCss(css: string, where: string, found: (reason: string) => void): void {
  if (/@import/i.test(css)) return found(`it imports a style sheet in ${where}`);
  // CSS escapes could spell url( or @import in a way the patterns here do not see.
  if (css.includes('\\') && /[:;{]/.test(css)) return found(`it uses CSS escapes in ${where}`);
  for (const match of css.matchAll(/url\(\s*(['"]?)(.*?)\1\s*\)/gi)) {
    const target = compactUrl(match[2] ?? '');
    if (!target.startsWith('#') && !SAFE_DATA_URL.test(target))
      return found(`it references another resource: url(${shorten(match[2] ?? '')}) in ${where}`);
  }
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
