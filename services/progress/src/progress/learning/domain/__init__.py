"""Pure rules of the learning side: item completion, path progress, learning time, assignments."""
