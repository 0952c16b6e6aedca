"""Pure rules of the learning side: verb mapping, progress maths, learning time, assignments."""
