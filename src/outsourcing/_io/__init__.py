"""Input and output: cattrs converters, the fast load and dump paths, and the JSON Schema."""
