import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Diagnostics } from './diagnostic.js';
import { tokenize, type Token } from './lexer.js';

const lex = (text: string): { tokens: Token[]; errors: string[] } => {
  const d = new Diagnostics('t.rtr');
  const tokens = tokenize(text, d);
  return { tokens, errors: d.errors().map((e) => `${e.line}:${e.column} ${e.message}`) };
};
const brief = (ts: readonly Token[]): string[] => ts.map((t) => `${t.kind}:${t.text}@${t.line}:${t.column}`);

void describe('tokenize', () => {
  void test('bare words stop at punctuation, quotes and comments; positions are 1-based, a tab is one column', () => {
    const { tokens, errors } = lex('RT_BASEDIR=/opt/x;#c\n\tSTART\t= "a b";');
    assert.deepEqual(errors, []);
    assert.deepEqual(brief(tokens), [
      'word:RT_BASEDIR@1:1', '=:=@1:11', 'word:/opt/x@1:12', ';:;@1:18',
      'word:START@2:2', '=:=@2:8', 'string:a b@2:10', ';:;@2:15', 'eof:@2:16',
    ]);
  });

  void test('# inside a quoted value is text, outside it starts a comment to the end of the line', () => {
    const { tokens } = lex('D = "x # y"; # gone ; {\nE;');
    assert.deepEqual(tokens.map((t) => t.text), ['D', '=', 'x # y', ';', 'E', ';', '']);
  });

  void test('CRLF line ends count one line each', () => {
    const { tokens } = lex('A;\r\nB;\r\n');
    assert.deepEqual(brief(tokens), [`word:A@1:1`, ';:;@1:2', 'word:B@2:1', ';:;@2:2', 'eof:@3:1']);
  });

  void test('#$ starts a directive whose arguments are the rest of its line', () => {
    const { tokens } = lex('#$upgrade_from "4.5-05" anytime # why\nX;');
    const [directive] = tokens;
    assert.equal(directive?.kind, 'directive');
    assert.equal(directive?.text, 'upgrade_from');
    assert.deepEqual(directive?.args?.map((a) => `${a.kind}:${a.text}@${a.column}`), ['string:4.5-05@16', 'word:anytime@25']);
    assert.deepEqual(tokens.slice(1).map((t) => t.text), ['X', ';', '']);
  });

  void test('"# $Revision$" is a comment, not a directive', () => {
    assert.deepEqual(lex('# $Revision: 1.2 $\n').tokens.map((t) => t.kind), ['eof']);
  });

  void test('an unterminated quoted value is reported at its opening quote and ends before the last ;', () => {
    const { tokens, errors } = lex('D = "never closed;\nE;');
    assert.deepEqual(errors, ['1:5 unterminated quoted value: a value cannot span lines']);
    assert.deepEqual(tokens.map((t) => t.text), ['D', '=', 'never closed', ';', 'E', ';', '']);
  });

  void test('the empty text is one eof token at 1:1', () => {
    assert.deepEqual(brief(lex('').tokens), ['eof:@1:1']);
  });
});
