export * from './taxonomy';
export * from './periods';
export * from './plan';
export * from './report';
export * from './views';
export * from './initiative';
export * from './map';
export * from './sensitivity';
