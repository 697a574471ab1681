"""Rendering: every terminal, Markdown, HTML, ICS and CI format lives here. A renderer
takes what analysis computed and returns text; it decides nothing about the plan."""
