/*
 * Where the demo page's widget finds the bot: the REST channel's address.
 * Empty: this page's own address (nginx in front of both, as in make
 * cluster, Compose and Kubernetes). `make run` serves the page and the bot
 * on different ports and writes its own copy of this file (scripts/run.sh).
 * A data-server-url attribute on the widget's tag takes precedence.
 */
window.ObjectionCoachConfig = window.ObjectionCoachConfig || { serverUrl: "" };
