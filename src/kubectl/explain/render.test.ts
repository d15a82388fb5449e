import { describe, expect, it } from 'vitest';
import { ExplainRenderer, indent, renderExplain, wrapString, type Schemas } from './render.js';

const SCHEMAS: Schemas = {
  'x.v1.Thing': {
    description: 'Thing is a thing.',
    properties: {
      spec: { allOf: [{ $ref: 'x.v1.ThingSpec' }], description: 'Spec of the thing.' },
      tags: { type: 'object', additionalProperties: { type: 'string' }, description: 'Tags.' },
    },
    type: 'object',
    'x-kubernetes-group-version-kind': [{ group: 'x', version: 'v1', kind: 'Thing' }],
  },
  'x.v1.ThingSpec': {
    description: 'ThingSpec is the spec.',
    properties: {
      mode: { type: 'string', enum: ['', 'Fast', 'Slow', 'Medium', 'Off'], description: 'How fast.' },
      parts: { type: 'array', items: { allOf: [{ $ref: 'x.v1.Part' }] }, description: 'The parts.' },
      size: { $ref: 'x.v1.Size' },
    },
    required: ['parts'],
    type: 'object',
  },
  'x.v1.Part': { description: 'A part.', properties: { name: { type: 'string' } }, required: ['name'], type: 'object' },
  'x.v1.Size': { type: 'string', description: 'A size.' },
};

describe('explain renderer (plaintext.tmpl)', () => {
  it('wraps like go-wordwrap: at spaces, keeping long words whole', () => {
    expect(wrapString('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapString('a verylongwordindeed b', 5)).toBe('a\nverylongwordindeed\nb');
    expect(wrapString('one\n\ntwo', 76)).toBe('one\n\ntwo');
    expect(indent(4, 'a\nb\n')).toBe('    a\n    b\n    ');
  });

  it('guesses types as typeGuess does', () => {
    const r = new ExplainRenderer(SCHEMAS);
    const spec = SCHEMAS['x.v1.ThingSpec'].properties!;
    expect(r.typeGuess(SCHEMAS['x.v1.Thing'].properties!.spec)).toBe('ThingSpec');
    expect(r.typeGuess(spec.parts)).toBe('[]Part');
    expect(r.typeGuess(spec.size)).toBe('string');
    expect(r.typeGuess(SCHEMAS['x.v1.Thing'].properties!.tags)).toBe('map[string]string');
    expect(r.typeGuess({ type: 'object' })).toBe('Object');
  });

  it('prints a field with its ENUM, description of the field and its type, and FIELDS', () => {
    const t = { group: 'x', version: 'v1', kind: 'Thing', schemaName: 'x.v1.Thing' };
    expect(renderExplain(SCHEMAS, t, ['spec', 'mode'], false).out).toBe(
      'GROUP:      x\nKIND:       Thing\nVERSION:    v1\n\nFIELD: mode <string>\nENUM:\n    ""\n    Fast\n    Slow\n    Medium\n    Off\n\nDESCRIPTION:\n    How fast.\n    \n\n',
    );
    expect(renderExplain(SCHEMAS, t, ['spec'], false).out).toBe(
      'GROUP:      x\nKIND:       Thing\nVERSION:    v1\n\nFIELD: spec <ThingSpec>\n\n\nDESCRIPTION:\n    Spec of the thing.\n    ThingSpec is the spec.\n    \n' +
        'FIELDS:\n  mode\t<string>\n  enum: "", Fast, Slow, Medium, ....\n    How fast.\n\n  parts\t<[]Part> -required-\n    The parts.\n\n  size\t<string>\n    <no description>\n\n\n',
    );
  });

  it('follows lists, recurses with --recursive, and reports a missing field after the header', () => {
    const t = { group: '', version: 'v1', kind: 'Thing', schemaName: 'x.v1.Thing' };
    expect(renderExplain(SCHEMAS, t, ['spec', 'parts', 'name'], false).out).toContain('FIELD: name <string>\n');
    expect(renderExplain(SCHEMAS, t, [], true).out).toContain('FIELDS:\n  spec\t<ThingSpec>\n    mode\t<string>\n    enum: "", Fast, Slow, Medium, ....\n    parts\t<[]Part> -required-\n      name\t<string> -required-\n');
    expect(renderExplain(SCHEMAS, t, ['spec', 'nope'], false)).toEqual({ out: 'KIND:       Thing\nVERSION:    v1\n\n', error: 'error: field "nope" does not exist' });
  });
});
