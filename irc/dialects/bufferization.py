"""The bufferization dialect (being written): MLIR's ops of that name, with its syntax and meaning."""

OPS: dict[str, type] = {}
