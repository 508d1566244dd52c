"""Marshmallow schemas shared by the JSON API (`vte.api`) and the HTML forms (`vte.web`), by area.

Neither face imports the other: both import the services and these schemas."""
