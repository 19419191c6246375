export * from './tracing';
export * from './http-tracing';
export * from './otlp-export';
