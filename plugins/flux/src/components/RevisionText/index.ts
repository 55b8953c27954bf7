export { RevisionText } from './RevisionText';
