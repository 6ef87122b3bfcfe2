"""The models: frozen attrs classes of an engagement, and their field-local checks."""
