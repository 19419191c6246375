// Moved to forms/form-values.ts (one form-value reader for every journey). Kept only so branches
// of this wave that still import it from here merge cleanly; import from forms/ and delete it.
export * from '../../forms/form-values';
