"""Input and output: the two loading paths, the fast dump path, and the JSON Schema.

Loading is parse -> build -> (explain on failure): the typed path (``shadows``: msgspec Structs
mirroring the models; ``typedload``: parse or convert into them; ``codegen``: the generated
builders) and, at its first doubt, the careful path (``convert``: the cattrs converters, which
explain every problem). ``fastdump`` writes; ``schema`` describes the documents.
"""
