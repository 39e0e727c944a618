/** `yourcompany/ui`: escape-by-construction DOM helpers and AUI building blocks shared by every view. */
export { h, render, clear, safeHref } from './dom';
export type { Child, Props } from './dom';
export { auiMessage, spinner, lozenge, button } from './aui';
export type { MessageType, LozengeType } from './aui';
export { mountRegistry, renderFailure, guardedMount, lazySurface, lazyModule, failureDetail } from './mount';
export type { MountClaim, MountSurface } from './mount';
