"""Forms: base (FormScreen and its fields) and one module per area, each form one service call."""
