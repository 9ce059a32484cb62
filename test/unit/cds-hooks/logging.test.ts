import { captureLogs } from '../../support/cds-server.js';
import { safeErrorFields } from '../../../src/logging.js';

describe('logging', () => {
  it('removes tokens, authorization headers and patient data that slip into a log call', () => {
    const logs = captureLogs();
    logs.logger.info(
      {
        headers: { authorization: 'Bearer jwt-secret' },
        request: {
          fhirAuthorization: { access_token: 'fhir-secret' },
          context: { patientId: 'patient-123' },
          prefetch: { x: 1 },
        },
        patient: { id: 'patient-123', name: 'Jane' },
        service: 'trial-eligibility',
      },
      'hook',
    );
    const text = logs.text();
    expect(text).toContain('trial-eligibility');
    for (const secret of ['jwt-secret', 'fhir-secret', 'patient-123', 'Jane'])
      expect(text).not.toContain(secret);
  });

  it('keeps an error’s type and frames but not its message', () => {
    const fields = safeErrorFields(new TypeError('Patient Jane Doe born 2014-05-01 has no id'));
    expect(fields.errorType).toBe('TypeError');
    expect(fields.frames).toMatch(/^\s+at /);
    expect(JSON.stringify(fields)).not.toContain('Jane');
  });
});
