import { loadConfig } from '../../../src/config.js';

describe('loadConfig', () => {
  it('defaults to port 8080, development mode, no CORS origins, ineligible cards off', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(8080);
    expect(c.auth).toEqual({ mode: 'development' });
    expect(c.corsOrigins).toEqual([]);
    expect(c.showIneligible).toBe(false);
    expect(c.feedbackStorePath).toBe('/srv/app/.trialcds/feedback.ndjson');
    expect(c.bodyLimit).toBe('10mb');
  });

  it('reads trusted issuers (URL or file), CORS origins and flags', () => {
    const c = loadConfig(
      {
        PORT: '9000',
        BASE_URL: 'https://cds.example.org/trialcds/',
        TRIALCDS_TRUSTED_ISSUERS: JSON.stringify({
          'https://ehr.example/': 'https://ehr.example/jwks.json',
          'https://other/': 'keys/other.json',
        }),
        TRIALCDS_CORS_ORIGINS: 'https://sandbox.cds-hooks.org, https://ehr.example',
        TRIALCDS_SHOW_INELIGIBLE: 'true',
      },
      '/srv/app',
    );
    expect(c.port).toBe(9000);
    expect(c.baseUrl).toBe('https://cds.example.org/trialcds');
    expect(c.auth).toMatchObject({
      mode: 'jwt',
      issuers: [
        { iss: 'https://ehr.example/', jwks: { kind: 'url', url: 'https://ehr.example/jwks.json' } },
        { iss: 'https://other/', jwks: { kind: 'file', path: '/srv/app/keys/other.json' } },
      ],
    });
    expect(c.corsOrigins).toEqual(['https://sandbox.cds-hooks.org', 'https://ehr.example']);
    expect(c.showIneligible).toBe(true);
  });

  it('refuses issuers without BASE_URL (the JWT audience) and names bad variables without their values', () => {
    expect(() => loadConfig({ TRIALCDS_TRUSTED_ISSUERS: '{"https://ehr/":"https://ehr/jwks"}' })).toThrow(
      /BASE_URL is required/,
    );
    expect(() => loadConfig({ TRIALCDS_TRUSTED_ISSUERS: 'not json' })).toThrow(/must be a JSON object/);
    expect(() => loadConfig({ PORT: 'eighty', TRIALCDS_BODY_LIMIT: 'huge' })).toThrow(
      /PORT.*TRIALCDS_BODY_LIMIT/,
    );
  });
});
