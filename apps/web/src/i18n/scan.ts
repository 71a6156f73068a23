import ts from 'typescript';

/**
 * Reads the app's source for what the translation layer must know (used by i18n.test.tsx and
 * scripts/untranslated.ts, never by the app): the keys passed to `t()`, `msg()` and `<Trans i18nKey>`,
 * which of them are counted (`count` given, so they need plural forms), and text shown without
 * going through `t()`.
 */
export interface KeyUse {
  key: string;
  plural: boolean;
}

function parse(fileName: string, text: string): ts.SourceFile {
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function literalText(node: ts.Node | undefined): string | null {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : null;
}

function isTranslateCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 't' || callee.text === 'msg';
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 't';
}

function hasCount(options: ts.Expression | undefined): boolean {
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(options) &&
    options.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === 'count')
  );
}

export function keysIn(fileName: string, text: string): KeyUse[] {
  const found: KeyUse[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isTranslateCall(node)) {
      const key = literalText(node.arguments[0]);
      if (key !== null) found.push({ key, plural: hasCount(node.arguments[1]) });
    }
    if (ts.isJsxSelfClosingElement(node) || ts.isJsxOpeningElement(node)) {
      if (node.tagName.getText() === 'Trans') {
        const attributes = node.attributes.properties.filter(ts.isJsxAttribute);
        const keyAttribute = attributes.find((a) => a.name.getText() === 'i18nKey');
        const key = literalText(keyAttribute?.initializer);
        if (key !== null) found.push({ key, plural: attributes.some((a) => a.name.getText() === 'count') });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(parse(fileName, text));
  return found;
}

/** Attributes whose text a person reads or hears. */
const shownAttributes = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label', 'subtitle', 'what', 'confirmLabel', 'hint']);

export interface Untranslated {
  line: number;
  text: string;
}

/** Literal text in JSX (children, and the attributes above) that does not go through `t()`. */
export function untranslatedIn(fileName: string, text: string): Untranslated[] {
  const source = parse(fileName, text);
  const found: Untranslated[] = [];
  const add = (node: ts.Node, shown: string): void => {
    if (/[A-Za-z]/.test(shown)) found.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: shown.trim().replace(/\s+/g, ' ') });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node)) add(node, node.text);
    if (ts.isJsxAttribute(node) && shownAttributes.has(node.name.getText())) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value)) add(node, value.text);
      if (value && ts.isJsxExpression(value) && value.expression) {
        const literal = literalText(value.expression);
        if (literal !== null) add(node, literal);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
