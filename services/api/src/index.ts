export * from './app.ts';
export * from './server.ts';
export * from './errors.ts';
export * from './api-env.ts';
export * from './auth.ts';
