"""The reports people read: the HTML site of the register and the Transparency Code spend file."""
