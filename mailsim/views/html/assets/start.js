"use strict";
/* Loaded last: every view has registered, so the page can start. */
MS.start();
