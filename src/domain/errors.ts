/**
 * Errors that carry a message safe to show a user (no stack, no patient data).
 * `code` follows FHIR OperationOutcome issue types so HTTP adapters can map them directly.
 */
export type ProblemCode = 'invalid' | 'structure' | 'required' | 'not-found' | 'processing' | 'timeout' | 'security' | 'too-costly' | 'exception';

export class UserFacingError extends Error {
  constructor(
    message: string,
    readonly code: ProblemCode = 'invalid',
  ) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Input that is not what the contract accepts: exit 2 on the CLI, 400 over HTTP. */
export class BadInputError extends UserFacingError {
  constructor(message: string, code: ProblemCode = 'invalid') {
    super(message, code);
    this.name = 'BadInputError';
  }
}

/** Authored content (CQL, manifests, value sets) that cannot be loaded: refuse to start. */
export class ArtifactError extends UserFacingError {
  constructor(message: string) {
    super(message, 'processing');
    this.name = 'ArtifactError';
  }
}
