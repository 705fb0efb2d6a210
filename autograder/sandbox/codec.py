"""The value format, under the name the judge imports it by: it lives in `wire`, written once."""
from autograder.sandbox.wire import (
    ForeignObject,
    MalformedReply,
    SharedInputs,
    decode_value,
    encode_input,
)

__all__ = ["ForeignObject", "MalformedReply", "SharedInputs", "decode_value", "encode_input"]
