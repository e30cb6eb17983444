/**
 * Specifies readBody, which reads a request's JSON body through a zod schema: it returns
 * what the schema makes of the body (trimmed, with defaults), and otherwise answers 400
 * `invalid` with a message and, when the body is JSON, `fields` naming each wrong field
 * once. Requests go through a real Hono app whose error handler maps AppError to JSON as
 * server/src/app.ts does.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProcurementRequest, loginRequest, updateProcurementRequest } from '../../../shared/api.js';
import { AppError, Invalid } from '../errors.js';
import { readBody } from './validate.js';

/** An app with one route that reads its body through `schema` and echoes the result. */
function appReading(schema: z.ZodType) {
  const app = new Hono();
  app.post('/', async (c) => c.json({ body: await readBody(c, schema) }));
  app.onError((error, c) => {
    if (error instanceof AppError) {
      return c.json(
        {
          error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
          isInvalid: error instanceof Invalid,
        },
        error.status,
      );
    }
    return c.json({ error: { code: 'internal', message: String(error) } }, 500);
  });
  return app;
}

async function post(schema: z.ZodType, body: string): Promise<{ status: number; json: any }> {
  const response = await appReading(schema).request('/', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, json: await response.json() };
}

const asJson = (value: unknown) => JSON.stringify(value);

describe('readBody', () => {
  it('returns the body as the schema parses it, trimmed and with its defaults', async () => {
    const { status, json } = await post(createProcurementRequest, asJson({ title: '  Waste collection  ', reference: ' WC-1 ' }));
    expect(status).toBe(200);
    expect(json.body).toEqual({ title: 'Waste collection', reference: 'WC-1', summary: '', phase: 'planning' });
  });

  describe('a body that is not JSON', () => {
    for (const [what, body] of [
      ['plain text', 'email=a@camden.gov.uk'],
      ['an empty body', ''],
      ['JSON cut short', '{"email":"a@camden.gov.uk"'],
      ['JSON followed by more text', '{"email":"a@camden.gov.uk","password":"x"} and more'],
    ] as const) {
      it(`is refused with a 400 that says so, naming no field (${what})`, async () => {
        const { status, json } = await post(loginRequest, body);
        expect(status).toBe(400);
        expect(json.isInvalid).toBe(true);
        expect(json.error).toEqual({ code: 'invalid', message: 'The request body must be JSON.' });
      });
    }
  });

  describe('JSON that is not an object', () => {
    for (const body of ['null', '[]', '"text"', '42']) {
      it(`is refused under the key "_", for the body as a whole (${body})`, async () => {
        const { status, json } = await post(loginRequest, body);
        expect(status).toBe(400);
        expect(json.error.code).toBe('invalid');
        expect(Object.keys(json.error.fields)).toEqual(['_']);
        expect(json.error.message).toBe(json.error.fields._);
      });
    }
  });

  it('names each field of the wrong type', async () => {
    const { status, json } = await post(loginRequest, asJson({ email: 5, password: true }));
    expect(status).toBe(400);
    expect(Object.keys(json.error.fields)).toEqual(['email', 'password']);
    expect(json.error.fields.email).toMatch(/expected string/);
    expect(json.error.fields.password).toMatch(/expected string/);
  });

  it('names each missing field', async () => {
    const { status, json } = await post(loginRequest, asJson({}));
    expect(status).toBe(400);
    expect(Object.keys(json.error.fields)).toEqual(['email', 'password']);
  });

  it('uses the schema’s own messages, and the first field’s as the message', async () => {
    const { json } = await post(loginRequest, asJson({ email: 'not an address', password: '' }));
    expect(json.error.fields).toEqual({
      email: 'Enter an email address in the correct format, like name@camden.gov.uk',
      password: 'Enter your password',
    });
    expect(json.error.message).toBe('Enter an email address in the correct format, like name@camden.gov.uk');
  });

  it('names the field of a value the schema does not allow', async () => {
    const { json } = await post(createProcurementRequest, asJson({ title: 'Waste', phase: 'tendering' }));
    expect(Object.keys(json.error.fields)).toEqual(['phase']);
    expect(json.error.message).toBe(json.error.fields.phase);
  });

  describe('unexpected fields, which strict schemas refuse', () => {
    it('are listed together under "_"', async () => {
      const { status, json } = await post(
        loginRequest,
        asJson({ email: 'ada@camden.gov.uk', password: 'secret', isAdmin: true, role: 'x' }),
      );
      expect(status).toBe(400);
      expect(json.error).toEqual({
        code: 'invalid',
        message: 'Unexpected field: isAdmin, role',
        fields: { _: 'Unexpected field: isAdmin, role' },
      });
    });

    it('are reported alongside the other fields that are wrong', async () => {
      const { json } = await post(loginRequest, asJson({ email: 'ada@camden.gov.uk', password: '', extra: 1 }));
      expect(json.error.fields).toEqual({ password: 'Enter your password', _: 'Unexpected field: extra' });
      expect(json.error.message).toBe('Enter your password');
    });

    it('include "__proto__", which is refused rather than ignored', async () => {
      const { json } = await post(loginRequest, '{"email":"ada@camden.gov.uk","password":"secret","__proto__":{"isAdmin":true}}');
      expect(json.error.fields).toEqual({ _: 'Unexpected field: __proto__' });
    });
  });

  it('reports a rule about the body as a whole under "_"', async () => {
    const { status, json } = await post(updateProcurementRequest, asJson({}));
    expect(status).toBe(400);
    expect(json.error).toEqual({ code: 'invalid', message: 'Change at least one detail', fields: { _: 'Change at least one detail' } });
  });

  describe('with a schema of nested objects and lists', () => {
    const order = z
      .object({
        lots: z.array(z.object({ title: z.string().min(1, 'Enter a title') }).strict()).min(1, 'Add a lot'),
        owner: z.object({ name: z.string() }).strict(),
      })
      .strict();

    it('names nested fields by their path, joined with dots', async () => {
      const { json } = await post(order, asJson({ lots: [{ title: 'Lot 1' }, { title: '' }], owner: { name: 3 } }));
      expect(Object.keys(json.error.fields)).toEqual(['lots.1.title', 'owner.name']);
      expect(json.error.fields['lots.1.title']).toBe('Enter a title');
      expect(json.error.message).toBe('Enter a title');
    });

    it('reports an unexpected nested field under the path of its object', async () => {
      const { json } = await post(order, asJson({ lots: [{ title: 'Lot 1', price: 5 }], owner: { name: 'Ada' } }));
      expect(json.error.fields).toEqual({ 'lots.0': 'Unexpected field: price' });
    });

    it('names a list that breaks a rule of its own', async () => {
      const { json } = await post(order, asJson({ lots: [], owner: { name: 'Ada' } }));
      expect(json.error.fields).toEqual({ lots: 'Add a lot' });
    });

    it('returns the parsed body when it is valid', async () => {
      const body = { lots: [{ title: 'Lot 1' }], owner: { name: 'Ada' } };
      const { status, json } = await post(order, asJson(body));
      expect(status).toBe(200);
      expect(json.body).toEqual(body);
    });
  });

  it('keeps only the first message for a field that breaks several rules', async () => {
    const code = z.object({
      code: z
        .string()
        .min(3, 'Use at least 3 characters')
        .regex(/^[a-z]+$/, 'Use letters only'),
    });
    const { json } = await post(code, asJson({ code: '1' }));
    expect(json.error.fields).toEqual({ code: 'Use at least 3 characters' });
  });
});

describe('readBody and the content type', () => {
  it('refuses a body not sent as JSON (a form or text/plain is what a cross-site page can send without asking)', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await appReading(loginRequest).request('/', { method: 'POST', headers: { 'content-type': type }, body: '{}' });
      expect(response.status, type).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
    }
    const untyped = await appReading(loginRequest).request('/', { method: 'POST', body: '{}' });
    expect(untyped.status).toBe(415);
  });

  it('takes JSON with a charset', async () => {
    const response = await appReading(z.object({ a: z.number() })).request('/', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"a":1}',
    });
    expect(response.status).toBe(200);
  });
});
