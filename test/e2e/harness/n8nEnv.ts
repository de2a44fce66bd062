/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
/**
 * The environment of an isolated, offline n8n: its own user folder, loopback only, no telemetry,
 * banners, templates or license calls, and nothing inherited that would change what it does.
 */
import net from 'node:net';

import type { N8nInstall } from './install';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * Caller variables that would redirect or reconfigure n8n. NODE_ENV=test and JEST_* (set by jest)
 * switch n8n into its own test mode; a proxy would catch requests to loopback test servers.
 */
const NOT_INHERITED =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$|NODE_OPTIONS$|NODE_ENV$|JEST_|npm_|(HTTP|HTTPS|ALL|NO)_PROXY$)/i;

export function isolatedEnv(
	install: N8nInstall,
	home: { userFolder: string; fixturesDir: string; logLevel: LogLevel },
): Record<string, string> {
	const inherited: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (value !== undefined && !NOT_INHERITED.test(key)) inherited[key] = value;
	}
	return {
		...inherited,
		N8N_USER_FOLDER: home.userFolder,
		N8N_LOG_LEVEL: home.logLevel,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_HOST: '127.0.0.1',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		DB_TYPE: 'sqlite',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		N8N_RESTRICT_FILE_ACCESS_TO: home.fixturesDir,
		// 1.x refuses to start when it does not know a module named here.
		...(install.line === '2' ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		...install.extraEnv,
	};
}

/** Ports free on 127.0.0.1 right now (held together so none is handed out twice). */
export async function freePorts(count: number): Promise<number[]> {
	const servers = await Promise.all(
		Array.from({ length: count }, async () => {
			const server = net.createServer();
			await new Promise<void>((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', resolve);
			});
			return server;
		}),
	);
	const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
	await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
	return ports;
}
