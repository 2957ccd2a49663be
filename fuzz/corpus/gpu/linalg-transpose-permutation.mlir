// 6>
linalg.transpose permutation = 