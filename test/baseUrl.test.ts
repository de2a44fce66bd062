import fc from 'fast-check';

import { describeUrl, normalizeBaseUrl } from '../nodes/NanoBananaEdit/baseUrl';

describe('normalizeBaseUrl', () => {
	it.each([
		['https://gw.example.com', 'https://gw.example.com'],
		['https://gw.example.com/', 'https://gw.example.com'],
		['https://gw.example.com/v1', 'https://gw.example.com'],
		['https://gw.example.com/v1/', 'https://gw.example.com'],
		[' https://gw.example.com/v1/images/edits ', 'https://gw.example.com'],
		['https://gw.example.com/openai/v1?key=abc#top', 'https://gw.example.com/openai'],
		['http://127.0.0.1:3000//', 'http://127.0.0.1:3000'],
		['HTTPS://GW.example.com/V1', 'https://gw.example.com'],
	])('turns %s into %s', (raw, expected) => {
		expect(normalizeBaseUrl(raw)).toBe(expected);
	});

	it.each(['', '   ', 'gw.example.com', 'ftp://gw.example.com', 'file:///etc/passwd', 'javascript:alert(1)'])(
		'rejects %j',
		(raw) => {
			expect(normalizeBaseUrl(raw)).toBeUndefined();
		},
	);

	it.each([undefined, null, 42, {}, []])('rejects the non-string %j', (raw) => {
		expect(normalizeBaseUrl(raw)).toBeUndefined();
	});

	const root = fc
		.record({
			secure: fc.boolean(),
			host: fc.domain(),
			port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
			prefix: fc.array(fc.stringMatching(/^[a-z0-9-]{1,8}$/), { maxLength: 2 }),
		})
		.map(({ secure, host, port, prefix }) => {
			const url = new URL(`${secure ? 'https' : 'http'}://${host}${port ? `:${port}` : ''}`);
			return `${url.origin}${prefix.map((segment) => `/${segment}`).join('')}`;
		})
		.filter((url) => !/\/v1$/i.test(url));

	it('is idempotent and keeps any path prefix, whatever is appended', () => {
		const junk = fc.constantFrom('', '/', '/v1', '/v1/', '//', '?token=x', '/v1?x=1#y', '/v1/images/edits', '#frag');
		fc.assert(
			fc.property(root, junk, (base, tail) => {
				const normalized = normalizeBaseUrl(base + tail);
				expect(normalized).toBe(normalizeBaseUrl(base));
				expect(normalizeBaseUrl(normalized)).toBe(normalized);
				expect(normalized).not.toMatch(/[/?#]$/);
				expect(normalized).not.toMatch(/\/v1$/i);
			}),
		);
	});

	it('never keeps a query, a fragment or user info', () => {
		fc.assert(
			fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.constantFrom('', 'user:Zq9-s3cr3t@'), (url, userInfo) => {
				const normalized = normalizeBaseUrl(url.replace('://', `://${userInfo}`));
				expect(normalized).toBeDefined();
				expect(normalized).not.toMatch(/[?#]/);
				expect(normalized).not.toContain('Zq9-s3cr3t');
			}),
		);
	});

	it('never throws, whatever the text', () => {
		fc.assert(
			fc.property(fc.string(), (text) => {
				const normalized = normalizeBaseUrl(text);
				if (normalized !== undefined) expect(normalized).toMatch(/^https?:\/\//);
			}),
		);
	});
});

describe('describeUrl', () => {
	it('drops query, fragment and credentials', () => {
		expect(describeUrl('https://user:pass@gw.example.com/x/y?key=secret#z')).toBe('https://gw.example.com/x/y');
	});
});
