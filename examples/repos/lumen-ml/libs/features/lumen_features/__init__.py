def ndvi(red: float, nir: float) -> float:
    return (nir - red) / (nir + red)
