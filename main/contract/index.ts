export * from './result.js';
export * from './catalogue.js';
export * from './schemas.js';
export * from './sandbox.js';
export * from './policy.js';
export * from './methods.js';
export * from './push.js';
export * from './sms.js';
