export { startEmbedded, type EmbeddedOptions } from './main';
